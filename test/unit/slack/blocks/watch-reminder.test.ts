import { describe, expect, it } from 'vitest';
import { defaultChecklist } from '../../../../src/checklist/checklist.js';
import { blockKitErrors } from '../../../../src/sandbox/block-kit-limits.js';
import {
  renderChannelAlert,
  renderRecovered,
  renderSourceUnavailable,
  renderWatchCompleted,
  renderWatchStarted,
} from '../../../../src/slack/blocks/watch-notices.js';
import {
  type ReminderView,
  renderReminderRepeat,
  renderRollbackReminder,
  WATCH_PLAN,
  WATCH_SNOOZE,
} from '../../../../src/slack/blocks/watch-reminder.js';

const T = Date.UTC(2026, 0, 1, 12, 0);
const view = (over: Partial<ReminderView> = {}): ReminderView => ({
  watchId: 42,
  service: 'api',
  version: 'v2.4.0',
  env: 'production',
  mentions: ['UOWNER01', 'UAPPROVE1', 'SGROUP01'],
  observed: { ratio: 0.0523, errors: 523, total: 10_000, at: T + 30_000, since: T },
  intervalMs: 30_000,
  since: T,
  threshold: 0.01,
  consecutive: 2,
  plan: defaultChecklist().rollbackPlan,
  planTicks: {},
  decisions: [],
  closed: false,
  ...over,
});

type Json = Record<string, unknown>;
const elements = (blocks: unknown[]) =>
  (blocks as Json[]).flatMap((b) => ((b.elements as Json[] | undefined) ?? []).filter((e) => e.action_id));

describe('rollback reminder blocks', () => {
  it('mentions the owner and approvers, states the ratio, the counts and since when', () => {
    const { text } = renderRollbackReminder(view());
    expect(text).toContain('<@UOWNER01> <@UAPPROVE1> <!subteam^SGROUP01>');
    expect(text).toContain('5.2 % — 523 of 10,000 requests in the last 30 s');
    expect(text).toContain(`<!date^${T / 1000}^`);
    expect(text).toContain('2026-01-01T12:00:00.000Z');
  });

  it('lists the figures of each breaching sample, each over its own stretch', () => {
    const samples = [
      { ratio: 358 / 1201, errors: 358, total: 1201, at: T + 30_000, since: T },
      { ratio: 0.31, errors: 310, total: 1000, at: T + 60_000, since: T + 30_000 },
    ];
    const json = JSON.stringify(renderRollbackReminder(view({ samples })).blocks);
    expect(json).toContain('29.8 % — 358 of 1,201 requests in the last 30 s');
    expect(json).toContain('31.0 % — 310 of 1,000 requests in the last 30 s');
  });

  it('shows the common production issues it was given, with symptom and solution', () => {
    const issues = defaultChecklist().commonIssues.filter((i) => i.signals.includes('error-spike'));
    const json = JSON.stringify(renderRollbackReminder(view({ issues })).blocks);
    expect(json).toContain('Connection pool exhausted');
    expect(json).toContain('QueuePool limit exceeded');
    expect(json).toContain('Slow queries');
    expect(json).not.toContain('Token expiry');
  });

  it('carries the rollback plan as checkboxes valued by item id, ticked ones as initial options', () => {
    const { blocks } = renderRollbackReminder(
      view({ planTicks: { 'rollback.run-smoke-tests': { by: 'UONCALL1', at: T } } }),
    );
    const boxes = elements(blocks).find((e) => e.action_id === WATCH_PLAN)!;
    expect((boxes.options as Json[]).map((o) => o.value)).toEqual(
      defaultChecklist().rollbackPlan.map((i) => i.id),
    );
    expect((boxes.initial_options as Json[]).map((o) => o.value)).toEqual(['rollback.run-smoke-tests']);
    expect(JSON.stringify(blocks)).toContain('Run smoke tests again: <@UONCALL1>');
  });

  it('has Acknowledge, Snooze 15/30/60, Rolled back (confirmed) and False alarm carrying the watch id', () => {
    const els = elements(renderRollbackReminder(view()).blocks);
    expect(els.map((e) => e.action_id)).toEqual([
      WATCH_PLAN,
      'watch:ack',
      WATCH_SNOOZE,
      'watch:rolled_back',
      'watch:false_alarm',
    ]);
    const snooze = els.find((e) => e.action_id === WATCH_SNOOZE)!;
    expect((snooze.options as Json[]).map((o) => o.value)).toEqual(['42:15', '42:30', '42:60']);
    expect(els.find((e) => e.action_id === 'watch:rolled_back')?.confirm).toBeDefined();
    expect(els.find((e) => e.action_id === 'watch:ack')?.value).toBe('42');
  });

  it('shows each decision with who and when, and drops the buttons once rolled back', () => {
    const { blocks } = renderRollbackReminder(
      view({
        decisions: [
          { kind: 'snoozed', actor: 'UONCALL1', at: T, minutes: 30 },
          { kind: 'rolled_back', actor: 'UONCALL2', at: T + 60_000 },
        ],
        closed: true,
      }),
    );
    const json = JSON.stringify(blocks);
    expect(json).toContain('snoozed for 30 min by <@UONCALL1>');
    expect(json).toContain('rolled back by <@UONCALL2>');
    expect(elements(blocks).map((e) => e.action_id)).toEqual([WATCH_PLAN]);
  });

  it('stays within Slack limits with a long plan, long texts and many decisions', () => {
    const plan = Array.from({ length: 35 }, (_, i) => ({
      id: `rollback.step-${i}-${'x'.repeat(50)}`,
      text: 'y'.repeat(300),
    }));
    const decisions = Array.from({ length: 200 }, (_, i) => ({
      kind: 'acknowledged' as const,
      actor: `U${i}XYZ`,
      at: T,
    }));
    const planTicks = Object.fromEntries(plan.map((p) => [p.id, { by: 'UONCALL1', at: T }]));
    const v = view({
      plan,
      decisions,
      planTicks,
      service: 's'.repeat(3000),
      mentions: Array(300).fill('UOWNER01'),
    });
    for (const m of [renderRollbackReminder(v), renderReminderRepeat(v, 'https://x.slack.com/p1')]) {
      expect(blockKitErrors(m.blocks)).toEqual([]);
      expect(m.text.length).toBeLessThanOrEqual(4000);
    }
  });
});

describe('watch notices', () => {
  it('all render as valid Block Kit', () => {
    const messages = [
      renderWatchStarted({
        sourceType: 'none',
        sourceLabel: 'Alertmanager',
        threshold: 0.01,
        intervalSeconds: 30,
        windowMinutes: 30,
        consecutive: 2,
        minRequests: 50,
        healthUrl: 'https://api.example/health',
      }),
      renderSourceUnavailable('Prometheus', 'x'.repeat(5000)),
      renderRecovered({ ratio: 0.001, errors: 1, total: 1000 }, T, 30_000),
      renderWatchCompleted({
        quiet: true,
        windowMinutes: 30,
        samples: 61,
        unavailable: 0,
        requests: 1000,
        errors: 2,
        peakRatio: 0.004,
        alerts: 0,
        healthOk: 61,
        healthFailed: 0,
        sampled: true,
        verified: ['No error spikes in monitoring system'],
      }),
      renderChannelAlert({ service: 'billing', name: 'HighErrorRate', startsAt: 'garbage' }, ['UOWNER01']),
    ];
    for (const m of messages) expect(blockKitErrors(m.blocks)).toEqual([]);
  });

  it('a health-only watch says the error ratio is not watched', () => {
    const { text } = renderWatchStarted({
      sourceType: 'none',
      sourceLabel: '',
      threshold: 0.01,
      intervalSeconds: 30,
      windowMinutes: 30,
      consecutive: 2,
      minRequests: 50,
      healthUrl: 'https://api.example/health',
    });
    expect(text).toContain('no `monitor` source configured');
    expect(text).toContain('https://api.example/health');
  });
});
