import type { Db } from '../client.js';
import { rowsChanged } from '../dialect-sql.js';
import { certWarnings } from '../schema.js';

/** Certificate warnings already given: once per (service, certificate, threshold). */
export function createCertWarningRepo(db: Db) {
  return {
    /**
     * Records the thresholds as warned; true when the first of them is new (the one to post). Later ones are
     * recorded too, so a certificate that crossed several at once is not warned about each in turn.
     */
    claim(service: string, validTo: string, days: readonly number[], at: number): Promise<boolean> {
      return db.transaction(async () => {
        let first = false;
        for (const [n, d] of days.entries()) {
          const r = await db
            .insert(certWarnings)
            .values({ service, validTo, thresholdDays: d, postedAt: at })
            .onConflictDoNothing()
            .run();
          if (n === 0) first = rowsChanged(r) === 1;
        }
        return first;
      });
    },
  };
}
