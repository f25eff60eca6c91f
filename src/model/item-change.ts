/** How an item's state is described wherever it is stored or shown: below db/ and domain/ so both use it. */
export type ItemState = 'open' | 'done' | 'na' | 'failing';
export type ItemSource = 'user' | 'probe' | 'watch';
export type Via =
  | 'slash_command'
  | 'block_action'
  | 'view_submission'
  | 'probe'
  | 'watch'
  | 'cron'
  | 'cli'
  | 'webhook'
  | 'api';
