import { type MarkdownFile, markdownReader } from '../readers/markdown.js';
import { type RepoView, result, type ScanCheck } from '../types.js';

/** Where teams keep operational docs: a runbook/playbook file anywhere, docs/, and the README. */
const isDoc = (p: string) =>
  /\.(md|markdown)$/i.test(p) &&
  (/(^|\/)(runbooks?|playbooks?|ops|operations)(\/|[^/]*\.(md|markdown)$)/i.test(p) ||
    /^docs?\//i.test(p) ||
    /(^|\/)README\.md$/i.test(p));
/** A runbook: a file named so, or a doc that says it holds one (a heading naming it; prose, not code). */
const RUNBOOK_NAME = /(^|\/)[^/]*(runbook|playbook)[^/]*$|(^|\/)(runbooks?|playbooks?)\//i;
const RUNBOOK_HEADING = /\b(runbooks?|playbooks?|on-?call( guide)?|operations (guide|manual))\b/i;
const RUNBOOK_WORD = /runbook|playbook|on-?call|operations (guide|manual)/i;

function runbooks(repo: RepoView): MarkdownFile[] {
  const docs = repo.files.map((f) => f.path).filter(isDoc);
  return docs.flatMap((p) => {
    const named = RUNBOOK_NAME.test(p);
    // Only documents that name a runbook are parsed: a docs/ tree can hold thousands of pages.
    if (!named && !RUNBOOK_WORD.test(repo.read(p) ?? '')) return [];
    const md = repo.parse(p, markdownReader);
    if (!md) return [];
    return named || md.headings.some((h) => RUNBOOK_HEADING.test(h.text)) ? [md] : [];
  });
}

/** One runbook section check: a heading about `topic` with content under it. */
function runbookCheck(id: string, topic: string, heading: RegExp, fix: string): ScanCheck {
  return {
    id,
    title: `The runbook has a section on ${topic}`,
    run(repo) {
      const books = runbooks(repo);
      if (books.length === 0)
        return result(
          'unknown',
          'no runbook in the repository',
          'No RUNBOOK.md, docs/runbook* or README section reads as a runbook; it may live in a wiki, which the scan cannot see.',
          '',
        );
      for (const md of books) {
        const h = md.headings.find((x) => heading.test(x.text) && x.hasContent);
        if (h)
          return result('pass', `"${h.text}" in ${md.path}`, `${md.path} has a section on ${topic}.`, '', [
            repo.evidence(md.path, h.line),
          ]);
      }
      const empty = books.flatMap((md) =>
        md.headings.filter((x) => heading.test(x.text)).map((x) => ({ md, x })),
      );
      const names =
        books.length > 3
          ? `${books
              .slice(0, 3)
              .map((b) => b.path)
              .join(', ')} and ${books.length - 3} more`
          : books.map((b) => b.path).join(', ');
      return result(
        'fail',
        `the runbook has no section on ${topic}`,
        empty.length
          ? `${empty.map((e) => `"${e.x.text}" in ${e.md.path}`).join(', ')} has no content under it.`
          : `${names} has no heading about ${topic}.`,
        fix,
        empty.length
          ? empty.map((e) => repo.evidence(e.md.path, e.x.line))
          : books
              .slice(0, 3)
              .flatMap((b) => (b.headings[0] ? [repo.evidence(b.path, b.headings[0].line)] : [])),
      );
    },
  };
}

export const runbookCommonErrorsCheck = runbookCheck(
  'runbook-common-errors',
  'common errors and their fixes',
  /\b(common (errors?|issues|problems|failures)|troubleshoot(ing)?|known (issues|problems)|errors? (scenarios|and (fixes|solutions))|faq|debugging|incidents?)\b/i,
  'Add a "Common errors" section: each symptom, how to confirm it, and the fix.',
);
export const runbookDatabaseCheck = runbookCheck(
  'runbook-database',
  'database troubleshooting',
  /\b(databases?|db|postgres(ql)?|mysql|migrations?|alembic|backups?|restore|connection pool)\b/i,
  'Add a "Database" section: checking connections and the pool, slow queries, migrations, restoring a backup.',
);
export const runbookScalingCheck = runbookCheck(
  'runbook-scaling',
  'scaling up and down',
  /\b(scal(e|es|ing)|autoscal\w*|capacity|replicas|horizontal|hpa)\b/i,
  'Add a "Scaling" section: how to add or remove workers/replicas and what limits them (database connections).',
);
export const runbookRollbackCheck = runbookCheck(
  'runbook-rollback',
  'rolling back a release',
  /\b(roll ?-?backs?|rolling back|revert(ing)?|downgrad(e|ing))\b/i,
  'Add a "Rollback" section: the command to redeploy the previous version and how to undo its migrations.',
);
