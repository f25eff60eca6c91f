/** Resolves whether a Slack user matches a list of principals (user IDs, or user-group IDs S…). */
export interface Authorizer {
  isAllowed(userId: string, principals: readonly string[]): Promise<boolean>;
  /** The users the principals name, groups expanded (an unreadable group adds nobody). */
  members(principals: readonly string[]): Promise<string[]>;
}

/**
 * Group membership comes from Slack (usergroups.users.list) and is cached briefly: a sign-off click must be
 * acknowledged and answered quickly, and group changes are rare.
 */
export function createAuthorizer(
  listGroupMembers: (groupId: string) => Promise<string[]>,
  opts: { now?: () => number; ttlMs?: number } = {},
): Authorizer {
  const now = opts.now ?? Date.now;
  const ttl = opts.ttlMs ?? 5 * 60_000;
  const cache = new Map<string, { at: number; users: Set<string> }>();
  const members = async (groupId: string) => {
    const hit = cache.get(groupId);
    if (hit && now() - hit.at < ttl) return hit.users;
    const users = new Set(await listGroupMembers(groupId));
    cache.set(groupId, { at: now(), users });
    return users;
  };
  return {
    async isAllowed(userId, principals) {
      if (principals.includes(userId)) return true;
      for (const p of principals) {
        if (!p.startsWith('S')) continue;
        try {
          if ((await members(p)).has(userId)) return true;
        } catch {
          // an unknown or unreadable group grants nothing
        }
      }
      return false;
    },
    async members(principals) {
      const users = new Set(principals.filter((p) => !p.startsWith('S')));
      for (const p of principals) {
        if (!p.startsWith('S')) continue;
        try {
          for (const u of await members(p)) users.add(u);
        } catch {
          // an unknown or unreadable group names nobody
        }
      }
      return [...users];
    },
  };
}
