import type { ReleaseSnapshot } from '../../src/db/repos/release-repo.js';

/** A release as renderers and rules read it, open and untouched unless overridden. */
export const releaseSnapshot = (
  release: Partial<ReleaseSnapshot['release']> = {},
  rest: Partial<Omit<ReleaseSnapshot, 'release'>> = {},
): ReleaseSnapshot => ({
  release: {
    id: 'rabc123',
    service: 'payments-api',
    version: '2.3.1',
    env: 'production',
    channelId: 'C1',
    threadTs: '1.1',
    createdBy: 'U1',
    status: 'open',
    checklistHash: 'h',
    createdAt: 0,
    updatedAt: 0,
    deployedAt: null,
    deployedBy: null,
    ...release,
  },
  items: new Map(),
  signoffs: new Map(),
  approvals: [],
  messages: new Map(),
  names: new Map(),
  ...rest,
});
