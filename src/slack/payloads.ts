import { z } from 'zod';

// Slack payloads, parsed at the edge: listeners read typed fields or get `undefined`, never a cast.

const option = z.object({ value: z.string() }).loose();
const element = z
  .object({ action_id: z.string().optional(), initial_options: z.array(option).optional() })
  .loose();
const block = z
  .object({
    block_id: z.string().optional(),
    elements: z.array(element).optional(),
    accessory: element.optional(),
  })
  .loose();
/** The message a block action came from, as the clicking user's client rendered it. */
const renderedMessage = z
  .object({ ts: z.string().optional(), thread_ts: z.string().optional(), blocks: z.array(block).optional() })
  .loose();

export type RenderedMessage = z.infer<typeof renderedMessage>;
const messageBlocks = z
  .object({ blocks: z.array(z.object({ block_id: z.string().optional() }).loose()).optional() })
  .loose();

export function parseMessage(raw: unknown): RenderedMessage | undefined {
  const r = renderedMessage.safeParse(raw);
  return r.success ? r.data : undefined;
}

/**
 * The options a checkbox element showed as ticked when the user clicked: the "before" of their change.
 * undefined when the message does not contain that element (then nobody can tell what they changed).
 */
export function shownSelection(raw: unknown, blockId: string, actionId: string): Set<string> | undefined {
  // Only the clicked block is parsed in full: a message can carry 50 blocks, and this runs before the ack.
  const blocks = messageBlocks.safeParse(raw);
  const candidate = blocks.success ? blocks.data.blocks?.find((x) => x.block_id === blockId) : undefined;
  const parsed = block.safeParse(candidate);
  const b = parsed.success ? parsed.data : undefined;
  const el = [...(b?.elements ?? []), ...(b?.accessory ? [b.accessory] : [])].find(
    (e) => e.action_id === actionId,
  );
  return el ? new Set((el.initial_options ?? []).map((o) => o.value)) : undefined;
}

/** A modal's private_metadata, checked against what this bot put there; undefined when it is not that. */
export function parseMetadata<T>(schema: z.ZodType<T>, raw: string | undefined): T | undefined {
  try {
    const r = schema.safeParse(JSON.parse(raw ?? ''));
    return r.success ? r.data : undefined;
  } catch {
    return undefined;
  }
}

const interaction = z
  .object({
    type: z.string().optional(),
    command: z.string().optional(),
    trigger_id: z.string().optional(),
    user_id: z.string().optional(),
    user: z.object({ id: z.string().optional() }).loose().optional(),
    view: z
      .object({ id: z.string().optional(), hash: z.string().optional(), callback_id: z.string().optional() })
      .loose()
      .optional(),
    actions: z
      .array(z.object({ action_id: z.string().optional(), action_ts: z.string().optional() }).loose())
      .optional(),
  })
  .loose();

const described = new WeakMap<object, ReturnType<typeof describe>>();

/** What the middleware needs from any Slack request body: who, what, and a key for deduplication. */
export function describeInteraction(body: unknown) {
  // Two middlewares ask about every request: parse each body once.
  if (typeof body !== 'object' || body === null) return describe(body);
  const known = described.get(body);
  if (known) return known;
  const d = describe(body);
  described.set(body, d);
  return d;
}

function describe(body: unknown) {
  const r = interaction.safeParse(body);
  const b = r.success ? r.data : {};
  const action = b.actions?.[0];
  return {
    type: b.command ? 'slash_command' : (b.type ?? 'unknown'),
    what: b.command ?? action?.action_id ?? b.view?.callback_id,
    user: b.user?.id ?? b.user_id,
    /** Slack may deliver the same interaction twice (retries, replays within the signature window). */
    dedupeKey:
      b.trigger_id ??
      (b.view?.id
        ? `${b.view.id}:${b.view.hash}`
        : action?.action_ts
          ? `${b.user?.id}:${action.action_ts}`
          : undefined),
  };
}
