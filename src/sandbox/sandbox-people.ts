/** The people of the local workspace: one per role the sandbox config gives rules to. */
export interface SandboxPerson {
  id: string;
  /** Slack handle (user_name in slash commands). */
  name: string;
  realName: string;
  role: string;
}

export const SANDBOX_PEOPLE: readonly SandboxPerson[] = [
  { id: 'U0OWNER', name: 'olivia', realName: 'Olivia Owner', role: 'release owner' },
  { id: 'U0SECLEAD', name: 'sam', realName: 'Sam Secure', role: 'security lead' },
  { id: 'U0DBA', name: 'dana', realName: 'Dana Base', role: 'DBA' },
  { id: 'U0APPROVER', name: 'avery', realName: 'Avery Approver', role: 'approver' },
  { id: 'U0ADMIN', name: 'alex', realName: 'Alex Admin', role: 'admin' },
];

/** User groups the sandbox config names (S…), answered through usergroups.users.list. */
export const SANDBOX_USERGROUPS: Readonly<Record<string, { handle: string; users: readonly string[] }>> = {
  S0RELEASEMGRS: { handle: 'release-managers', users: ['U0APPROVER'] },
  S0DBA: { handle: 'dba', users: ['U0DBA'] },
};

export const SANDBOX_CHANNEL = { id: 'C0RELEASES', name: 'releases' } as const;
export const SANDBOX_BOT = { id: 'U0DEPLOYBOT', name: 'deploy-check' } as const;
