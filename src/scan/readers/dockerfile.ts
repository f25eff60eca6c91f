import { Copy, DockerfileParser, Env, type Instruction } from 'dockerfile-ast';
import type { Reader } from '../types.js';

/** An instruction's first line and its text as written (continuations joined). */
export interface DockerLine {
  line: number;
  text: string;
}

/** CMD or ENTRYPOINT: exec form is a JSON array (no shell); shell form runs under `/bin/sh -c`. */
export interface DockerCommand extends DockerLine {
  form: 'exec' | 'shell';
  args: string[];
}

export interface DockerStage {
  index: number;
  /** The `AS` name, lower-cased as Docker compares it. */
  name: string | undefined;
  /** The FROM argument with simple `${ARG}`/`$ARG` defaults from global ARGs substituted. */
  image: string;
  from: DockerLine;
  /** The earlier stage this one is built FROM, when it is. */
  baseStage: number | undefined;
  users: (DockerLine & { user: string })[];
  copiesFrom: (DockerLine & { from: string })[];
  copies: (DockerLine & { sources: string[] })[];
  runs: DockerLine[];
  envs: (DockerLine & { name: string; value: string })[];
  cmd: DockerCommand | undefined;
  entrypoint: DockerCommand | undefined;
}

export interface Dockerfile {
  path: string;
  stages: DockerStage[];
}

const line = (i: Instruction): DockerLine => ({
  line: i.getRange().start.line + 1,
  text: i
    .getTextContent()
    .replace(/\\\r?\n\s*/g, ' ')
    .trim(),
});

function substitute(value: string, args: ReadonlyMap<string, string>): string {
  return value.replace(
    /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (all, a, dflt, b) => {
      const name = (a ?? b) as string;
      return args.get(name) ?? (dflt as string | undefined) ?? all;
    },
  );
}

function command(i: Instruction): DockerCommand {
  const raw = (i.getRawArgumentsContent() ?? '').trim();
  if (raw.startsWith('[')) {
    try {
      const parsed = JSON.parse(raw) as unknown;
      if (Array.isArray(parsed) && parsed.every((a) => typeof a === 'string'))
        return { ...line(i), form: 'exec', args: parsed };
    } catch {
      // Docker runs a malformed JSON array as a shell command, so the shell form is what it is.
    }
  }
  return { ...line(i), form: 'shell', args: i.getArguments().map((a) => a.getValue()) };
}

function newStage(index: number, from: Instruction, image: string, stages: DockerStage[]): DockerStage {
  const args = from.getArguments().map((a) => a.getValue());
  const asAt = args.findIndex((a) => a.toLowerCase() === 'as');
  const name = asAt >= 0 ? args[asAt + 1]?.toLowerCase() : undefined;
  const base = stages.findIndex((s) => s.name !== undefined && s.name === image.toLowerCase());
  return {
    index,
    name,
    image,
    from: line(from),
    baseStage: base >= 0 ? base : undefined,
    users: [],
    copiesFrom: [],
    copies: [],
    runs: [],
    envs: [],
    cmd: undefined,
    entrypoint: undefined,
  };
}

function addInstruction(stage: DockerStage, i: Instruction): void {
  const keyword = i.getKeyword();
  const args = i.getArguments().map((a) => a.getValue());
  if (keyword === 'USER') stage.users.push({ ...line(i), user: args[0] ?? '' });
  else if (keyword === 'RUN') stage.runs.push(line(i));
  else if (keyword === 'CMD') stage.cmd = command(i);
  else if (keyword === 'ENTRYPOINT') stage.entrypoint = command(i);
  else if (i instanceof Env) {
    for (const p of i.getProperties())
      stage.envs.push({ ...line(i), name: p.getName(), value: p.getValue() ?? '' });
  } else if (keyword === 'COPY' || keyword === 'ADD') {
    // getFromFlag() misses --from when other flags are present; the flag list has them all.
    const from =
      i instanceof Copy
        ? i
            .getFlags()
            .find((f) => f.getName() === 'from')
            ?.getValue()
        : undefined;
    if (from) stage.copiesFrom.push({ ...line(i), from: from.toLowerCase() });
    else stage.copies.push({ ...line(i), sources: args.slice(0, -1) });
  }
}

/** A Dockerfile as build stages, through dockerfile-ast (the parser behind the VS Code Docker extension). */
export const dockerfileReader: Reader<Dockerfile> = {
  name: 'dockerfile',
  parse(source, path) {
    const parsed = DockerfileParser.parse(source);
    const globalArgs = new Map<string, string>();
    const stages: DockerStage[] = [];
    let current: DockerStage | undefined;
    for (const i of parsed.getInstructions()) {
      const keyword = i.getKeyword();
      if (keyword === 'FROM') {
        const image = substitute(i.getArguments()[0]?.getValue() ?? '', globalArgs);
        current = newStage(stages.length, i, image, stages);
        stages.push(current);
      } else if (keyword === 'ARG' && !current) {
        const [name, value] = (i.getArguments()[0]?.getValue() ?? '').split('=', 2);
        if (name && value !== undefined) globalArgs.set(name, value.replace(/^["']|["']$/g, ''));
      } else if (current) addInstruction(current, i);
    }
    return { path, stages };
  },
};

/** The image a stage really runs on: a stage FROM an earlier stage inherits that stage's image. */
export function stageImage(file: Dockerfile, stage: DockerStage): { image: string; from: DockerLine } {
  let s = stage;
  for (let hops = 0; s.baseStage !== undefined && hops < file.stages.length; hops++)
    s = file.stages[s.baseStage] ?? s;
  return { image: s.image, from: s.from };
}
