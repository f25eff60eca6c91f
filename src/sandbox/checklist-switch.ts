import { loadChecklist } from '../checklist/checklist.js';
import type { FakeSlack } from './slack-web-api.js';

export const CHECKLISTS = ['short', 'full'] as const;
export type ChecklistName = (typeof CHECKLISTS)[number];

/**
 * Which checklist the sandbox's bot runs with: the sandbox config's short one, or the full production
 * checklist (the one deploy-check uses when no `checklist:` is configured). Switching restarts the bot
 * with the other one on a fresh database and a cleared channel, as a fresh `npm run sandbox` would: a
 * release opened under one checklist is never shown under the other.
 */
export function createChecklistSwitch(deps: {
  fake: FakeSlack;
  /** Stops the running bot, wipes its database, starts it again with `checklist`. */
  restart: (checklist: ReturnType<typeof loadChecklist> | undefined) => Promise<void>;
}) {
  let current: ChecklistName = 'short';
  let switching: Promise<void> = Promise.resolve();
  const clearWorkspace = () => {
    const { fake } = deps;
    fake.messages.clear();
    fake.ephemeralMessages.length = 0;
    fake.openViews.clear();
    fake.homes.clear();
    fake.files.length = 0;
    fake.changed();
  };
  return {
    current: () => current,
    /** Restarts the bot with `name` (one switch at a time; the same name again does nothing). */
    use(name: ChecklistName): Promise<void> {
      switching = switching.then(async () => {
        if (name === current) return;
        // Undefined: the bot reads the sandbox config's own (short) checklist.
        await deps.restart(name === 'full' ? loadChecklist() : undefined);
        clearWorkspace();
        current = name;
      });
      return switching;
    },
  };
}
export type ChecklistSwitch = ReturnType<typeof createChecklistSwitch>;
