import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { maintenanceItems } from '../../../src/db/schema.js';
import { type Harness, nextTrigger, startHarness } from '../../helpers/slack-harness.js';

const config = `
timezone: Europe/Berlin
defaultChannel: COPS
admins: [UADMIN]
`;

/** The maintenance flow through the real receiver: run on demand, tick an item, see the status. */
describe('maintenance through Slack', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ configYaml: config });
  });
  afterEach(async () => {
    await h.close();
  });

  it('lets an admin post a cycle, anyone tick an item with who/when, and shows the status', async () => {
    await h.command('maintenance run', { user: 'UBOB' });
    await h.settle();
    expect(String(h.fake.responses.at(-1)?.body.text)).toMatch(/admin/i);
    expect(h.fake.channelMessages('COPS')).toEqual([]);

    await h.command('maintenance run', { user: 'UADMIN' });
    await h.settle();
    const [cycle] = h.fake.channelMessages('COPS');
    expect(cycle?.text).toMatch(/maintenance/i);
    const item = cycle!.blocks.find(
      (b) => (b as { accessory?: { action_id?: string } }).accessory?.action_id === 'maint:toggle',
    ) as {
      block_id: string;
      accessory: { options: { value: string }[] };
    };
    await h.interact({
      type: 'block_actions',
      user: { id: 'UCAROL', username: 'carol', name: 'carol' },
      trigger_id: nextTrigger(),
      channel: { id: 'COPS' },
      message: { type: 'message', ts: cycle!.ts, blocks: cycle!.blocks },
      actions: [
        {
          type: 'checkboxes',
          action_id: 'maint:toggle',
          block_id: item.block_id,
          selected_options: item.accessory.options,
          action_ts: '9.1',
        },
      ],
    });
    await h.settle();
    const rows = await h.bot.database.db.select().from(maintenanceItems).all();
    expect(rows.find((r) => r.itemId === item.accessory.options[0]!.value)).toMatchObject({
      state: 'done',
      by: 'UCAROL',
    });
    expect(JSON.stringify(h.fake.channelMessages('COPS')[0]!.blocks)).toContain('<@UCAROL>');

    await h.command('maintenance', { user: 'UBOB' });
    await h.settle();
    expect(String(h.fake.responses.at(-1)?.body.text)).toMatch(/1\/6/);
  });
});
