import { createRecordingPoster as createPoster, type Recorded } from '../../helpers/recording-poster.js';

export type Posted = Recorded;

/** The shared recording poster, with the look-ups the watch tests use. */
export function createRecordingPoster() {
  const poster = createPoster();
  return {
    poster,
    posts: poster.posts,
    updates: poster.updates,
    /** Posts whose text matches. */
    matching: (re: RegExp) => poster.posts.filter((p) => re.test(p.text)),
    lastUpdateOf: (ts: string) => poster.updates.filter((u) => u.ts === ts).at(-1),
    setFailing(v: boolean) {
      poster.failing = v;
    },
  };
}
