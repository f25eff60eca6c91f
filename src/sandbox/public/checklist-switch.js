// The sidebar's checklist switch: the sandbox's short checklist or the full production one. Switching
// restarts the bot inside the sandbox on a fresh workspace (see src/sandbox/checklist-switch.ts).
const $ = (id) => document.getElementById(id);

export function setupChecklistSwitch(post) {
  const select = $('checklist');
  select.addEventListener('change', async () => {
    select.disabled = true;
    try {
      await post('checklist', { name: select.value });
    } finally {
      select.disabled = false;
    }
  });
}

export function renderChecklistSwitch(current) {
  const select = $('checklist');
  if (!select.disabled && current) select.value = current;
}
