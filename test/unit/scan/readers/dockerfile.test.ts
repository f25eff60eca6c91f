import { describe, expect, it } from 'vitest';
import { dockerfileReader, stageImage } from '../../../../src/scan/readers/dockerfile.js';

const parse = (text: string) => dockerfileReader.parse(text, 'Dockerfile');

describe('dockerfileReader', () => {
  it('reads stages with AS names, --from copies, users and ARG defaults in FROM', () => {
    const file = parse(
      [
        'ARG PYTHON_VERSION=3.12',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a Dockerfile ARG reference, not a JS template
        'FROM python:${PYTHON_VERSION}-slim AS Builder',
        'RUN pip wheel -w /wheels .',
        '',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a Dockerfile ARG reference, not a JS template
        'FROM python:${PYTHON_VERSION}-slim',
        'COPY --from=builder /wheels /wheels',
        'COPY ./app /app',
        'USER app:app',
        'ENV WEB_CONCURRENCY=4 PORT=8000',
        'CMD ["gunicorn", "-k", "uvicorn.workers.UvicornWorker"]',
      ].join('\n'),
    );
    expect(file.stages.map((s) => [s.name, s.image, s.from.line])).toEqual([
      ['builder', 'python:3.12-slim', 2],
      [undefined, 'python:3.12-slim', 5],
    ]);
    const final = file.stages[1]!;
    expect(final.copiesFrom).toEqual([
      { line: 6, text: 'COPY --from=builder /wheels /wheels', from: 'builder' },
    ]);
    expect(final.copies[0]?.sources).toEqual(['./app']);
    expect(final.users.map((u) => u.user)).toEqual(['app:app']);
    expect(final.envs.map((e) => [e.name, e.value, e.line])).toEqual([
      ['WEB_CONCURRENCY', '4', 9],
      ['PORT', '8000', 9],
    ]);
    expect(final.cmd).toMatchObject({
      form: 'exec',
      line: 10,
      args: ['gunicorn', '-k', 'uvicorn.workers.UvicornWorker'],
    });
  });

  it('tells shell form from exec form, and a malformed JSON array is shell form (as Docker runs it)', () => {
    const file = parse(
      'FROM python:3.12\nCMD uvicorn app.main:app \\\n  --host 0.0.0.0\nENTRYPOINT ["tini", "--"',
    );
    const stage = file.stages[0]!;
    expect(stage.cmd).toMatchObject({
      form: 'shell',
      line: 2,
      args: ['uvicorn', 'app.main:app', '--host', '0.0.0.0'],
    });
    expect(stage.entrypoint?.form).toBe('shell');
  });

  it('a stage FROM an earlier stage inherits its image', () => {
    const file = parse('FROM python:3.12 AS base\nFROM base AS dev\nFROM dev');
    expect(file.stages.map((s) => s.baseStage)).toEqual([undefined, 0, 1]);
    expect(stageImage(file, file.stages[2]!)).toMatchObject({ image: 'python:3.12', from: { line: 1 } });
  });
});
