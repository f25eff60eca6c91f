/** How an item's state is described wherever it is stored or shown: below db/ and domain/ so both use it. */
export type ItemState = 'open' | 'done' | 'na' | 'failing';
export type ItemSource = 'user' | 'probe' | 'watch' | 'scan';

/** What a machine verifier's run did to a release's items (checklist item ids). */
export interface VerdictEffects {
  ticked: string[];
  failing: string[];
  /** Warnings: left to people, shown in the run's message. */
  flagged: string[];
}
export type Via =
  | 'slash_command'
  | 'block_action'
  | 'view_submission'
  | 'probe'
  | 'watch'
  | 'scan'
  | 'cron'
  | 'cli'
  | 'webhook'
  | 'api';
