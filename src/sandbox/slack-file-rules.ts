/**
 * Slack's rules for images that name an uploaded file (shared/SLACK-FACTS.md, docs.slack.dev image block):
 * `alt_text` required (≤ 2000), `image_url` or `slack_file` but never both, and a `slack_file` must name a
 * png/jpg/jpeg/gif file the posting app can access. Slack answers `invalid_blocks` otherwise.
 */
type Json = Record<string, unknown>;

export interface StoredFile {
  id: string;
  filename: string;
  bytes?: Buffer | undefined;
  /** files.completeUploadExternal was called for it. */
  shared: boolean;
  /** Who uploaded it: the bot's user id for the app's own uploads. */
  owner?: string | undefined;
}

const SIGNATURES: [string, number[]][] = [
  ['png', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
  ['jpg', [0xff, 0xd8, 0xff]],
  ['gif', [0x47, 0x49, 0x46, 0x38]],
];

/** The image type of a file from its bytes (what Slack goes by), or undefined for anything else. */
export const imageType = (bytes: Buffer | undefined) =>
  bytes ? SIGNATURES.find(([, sig]) => sig.every((b, i) => bytes[i] === b))?.[0] : undefined;

const MIME: Record<string, string> = { png: 'image/png', jpg: 'image/jpeg', gif: 'image/gif' };
export const imageMime = (bytes: Buffer | undefined) => MIME[imageType(bytes) ?? ''];

function imageErrors(img: Json, where: string, files: readonly StoredFile[], app: string): string[] {
  const errors: string[] = [];
  const alt = img.alt_text;
  if (typeof alt !== 'string' || alt.length === 0) errors.push(`${where}: alt_text is required`);
  else if (alt.length > 2000) errors.push(`${where}: alt_text longer than 2000`);
  const file = img.slack_file as Json | undefined;
  if (img.image_url !== undefined && file !== undefined)
    errors.push(`${where}: image_url and slack_file cannot both be set`);
  if (img.image_url === undefined && file === undefined)
    errors.push(`${where}: image_url or slack_file is required`);
  if (file === undefined) return errors;
  const id = typeof file.id === 'string' ? file.id : undefined;
  const url = typeof file.url === 'string' ? file.url : undefined;
  const stored = files.find((f) => (id ? f.id === id : !!url?.endsWith(`/files/${f.id}`)));
  if (!id && !url) errors.push(`${where}: slack_file needs an id or a url`);
  else if (!stored?.shared) errors.push(`${where}: slack_file ${id ?? url} not found`);
  else if ((stored.owner ?? app) !== app) errors.push(`${where}: slack_file ${stored.id} is not accessible`);
  else if (!imageType(stored.bytes)) errors.push(`${where}: slack_file ${stored.id} is not png, jpg or gif`);
  return errors;
}

/** Every image block and image element in `blocks` checked against the stored files. */
export function slackFileErrors(blocks: unknown, files: readonly StoredFile[], app: string): string[] {
  if (!Array.isArray(blocks)) return [];
  const errors: string[] = [];
  blocks.forEach((b: Json, i) => {
    const where = `blocks[${i}] (${String(b.type)})`;
    if (b.type === 'image') errors.push(...imageErrors(b, where, files, app));
    for (const [j, e] of ((b.elements as Json[] | undefined) ?? []).entries())
      if (e?.type === 'image') errors.push(...imageErrors(e, `${where}.elements[${j}]`, files, app));
  });
  return errors;
}
