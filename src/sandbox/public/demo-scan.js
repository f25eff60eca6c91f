// The sidebar's "Scan demo repo" button: the bot scans sandbox/demo-repo and posts the result in the thread.

/** Wires the button; `post` is the page's POST helper, `thread()` the ts of the thread open on the page. */
export function setupDemoScan({ post, thread, openThread }) {
  const button = document.getElementById('scan-demo-repo');
  if (!button) return;
  button.addEventListener('click', async () => {
    button.disabled = true;
    button.textContent = 'Scanning…';
    try {
      const r = await post('scanDemo', thread() ? { threadTs: thread() } : {});
      // The result arrives in the release thread: show it there.
      if (r.ok && r.threadTs) openThread(r.threadTs);
    } finally {
      button.disabled = false;
      button.textContent = 'Scan demo repo';
    }
  });
}
