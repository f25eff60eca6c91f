import { describe, expect, it } from 'vitest';

// The page's renderer is browser JavaScript without types; loaded by path, it runs in Node as is.
const modulePath = '../../../src/sandbox/public/mrkdwn.js';
const { mrkdwn } = (await import(modulePath)) as {
  mrkdwn: (text: string, names: Record<string, (id: string) => string>) => string;
};
const names = {
  user: (id: string) => (id === 'U0DBA' ? 'Dana Base' : id),
  group: (id: string) => (id === 'S0DBA' ? 'dba' : id),
  channel: () => 'releases',
};
const render = (text: string) => mrkdwn(text, names);

describe('the sandbox page renders Slack mrkdwn', () => {
  it('shows user and group mentions by name', () => {
    expect(render('sign-off by <@U0DBA> or <!subteam^S0DBA>')).toBe(
      'sign-off by <span class="mention" data-user="U0DBA">@Dana Base</span> or <span class="mention">@dba</span>',
    );
  });

  it('formats <!date^…> in the reader’s time zone instead of showing the fallback', () => {
    const html = render('since <!date^1700000000^{date_short} {time}|2023-11-14T22:13:20Z>');
    expect(html).toMatch(/^since <time>Nov 1[45], 2023 \d{1,2}:\d\d [AP]M<\/time>$/);
  });

  it('makes a link wrapped in asterisks bold, without stray asterisks', () => {
    expect(render('*<https://example.com/t|payments-api 1.2.3>* · opened')).toBe(
      '<b><a href="https://example.com/t" target="_blank" rel="noopener">payments-api 1.2.3</a></b> · opened',
    );
  });

  it('turns <url|label> into a link and escapes everything else', () => {
    expect(render('<https://example.com/x?a=1&amp;b=2|the plan> &lt;script&gt;')).toBe(
      '<a href="https://example.com/x?a=1&amp;b=2" target="_blank" rel="noopener">the plan</a> &lt;script&gt;',
    );
  });

  it('renders bold, italic, strike, code and emoji shortcodes', () => {
    expect(render('*Status:* _soon_ ~old~ `<service>` :rocket: :no_such_emoji:')).toBe(
      '<b>Status:</b> <i>soon</i> <s>old</s> <code>&lt;service&gt;</code> 🚀 :no_such_emoji:',
    );
  });

  it('renders quoted lines as one quote', () => {
    expect(render('>first\n>second\nafter')).toBe('<blockquote>first<br>second</blockquote><br>after');
  });
});
