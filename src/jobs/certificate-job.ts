import { readFileSync } from 'node:fs';
import type { Checklist } from '../checklist/checklist.js';
import { createCertWarningRepo } from '../db/repos/cert-warning-repo.js';
import { addressGuard } from '../probes/target-guard.js';
import { checkCertificate } from '../probes/tls-certificate.js';
import type { JobDeps } from './job-deps.js';
import type { CertItemRef } from './job-notices.js';

/** The tls-certificate probe's reader (src/probes/tls-certificate.ts), injected so tests need no TLS server. */
export type CheckCertificate = (
  url: string,
  opts: { caFile?: string },
) => Promise<{ validTo: string; daysLeft: number }>;

/** The real reader, through the probes' guarded connector: config `probes.allowLinkLocal` decides. */
export function createCertificateCheck(probes: { allowLinkLocal: boolean }): CheckCertificate {
  const guard = addressGuard(probes.allowLinkLocal);
  return (url, o) =>
    checkCertificate(url, { guard, ...(o.caFile ? { ca: readFileSync(o.caFile, 'utf8') } : {}) });
}

/** Found by its text, not its id: teams bring their own checklists with their own ids. */
export function findCertRenewalItem(checklist: Pick<Checklist, 'allSections'>): CertItemRef | undefined {
  for (const s of checklist.allSections)
    for (const g of s.groups)
      for (const i of g.items)
        if (i.text.startsWith('Certificate renewal automated'))
          return { text: i.text, where: `${s.title.replace(/:[a-z0-9_+-]+:\s*/g, '')} › ${g.title}` };
  return undefined;
}

// threshold 0 records "expired"; unreachable days are stored as validTo `unreachable:<date>`.
const EXPIRED = 0;

/**
 * For every service with an https baseUrl: warn once per (service, certificate, threshold) when the
 * certificate has crossed a threshold (only the nearest one: at 5 days left, the 7-day warning, not all
 * three). A renewed certificate has a new validTo and starts over. Unreachable: at most one post a day.
 */
export async function checkCertificates(
  deps: JobDeps & { checkCertificate: CheckCertificate },
): Promise<void> {
  const { db, clock, notices, config, logger } = deps;
  const thresholds = [...new Set(config.file.maintenance.certificateThresholdsDays)].sort((a, b) => a - b);
  const item = findCertRenewalItem(deps.checklist);
  // The claim and the message commit together (the outbox delivers it): never lost, never repeated.
  const warnings = createCertWarningRepo(db);
  const claim = (service: string, validTo: string, days: number[], notify: () => Promise<void>) =>
    db.transaction(async () => {
      const first = await warnings.claim(service, validTo, days, clock.now());
      if (first) await notify();
      return first;
    });
  for (const [i, s] of config.file.services.entries()) {
    if (!s.baseUrl.startsWith('https:')) continue;
    const channel = s.channel ?? config.file.defaultChannel;
    if (!channel) {
      logger.error(
        { service: s.name },
        `no channel for certificate warnings: set services[${i}].channel or defaultChannel`,
      );
      continue;
    }
    let result: { validTo: string; daysLeft: number };
    try {
      result = await deps.checkCertificate(s.baseUrl, s.probes.caFile ? { caFile: s.probes.caFile } : {});
    } catch (e) {
      const error = (e as Error).message;
      logger.warn({ service: s.name, error }, 'certificate check failed');
      const key = `unreachable:${new Date(clock.now()).toISOString().slice(0, 10)}`;
      await claim(s.name, key, [EXPIRED], () =>
        notices.certificateUnreachable(channel, { service: s.name, url: s.baseUrl, error, item }),
      );
      continue;
    }
    const crossed = thresholds.filter((t) => result.daysLeft <= t);
    if (!crossed.length) continue;
    const target = result.daysLeft <= 0 ? EXPIRED : (crossed[0] as number);
    await claim(s.name, result.validTo, [target, ...crossed], () =>
      notices.certificateWarning(channel, {
        service: s.name,
        url: s.baseUrl,
        daysLeft: result.daysLeft,
        validTo: result.validTo,
        item,
      }),
    );
  }
}
