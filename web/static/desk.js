// The review desk's only script: progressive enhancement. Every page works without it.
// - live pages (main[data-live]) refresh their live region when the publishing log changes;
// - "select all" checkboxes; confirmation of destructive forms;
// - the current page's entry of a menu that scrolls sideways (a phone) is scrolled into view.
(() => {
  const status = document.getElementById('live-status');
  const say = (text) => {
    if (status) status.textContent = text;
  };

  document.addEventListener('submit', (event) => {
    const form = event.target;
    // A button may ask its own question (Approvals: "Cancel selected" beside "Approve selected").
    const question =
      event.submitter?.dataset.confirm ?? (form instanceof HTMLFormElement ? form.dataset.confirm : undefined);
    if (question && !window.confirm(question)) event.preventDefault();
  });

  // On a phone the menu scrolls sideways (desk.css): bring the current page's entry into view. Sideways only, so a
  // page that opens scrolled down (back, a #fragment) stays where it is.
  const menu = document.querySelector('header nav');
  const current = menu?.querySelector('[aria-current=page]');
  if (menu && current) {
    const over = current.getBoundingClientRect().right - menu.getBoundingClientRect().right;
    if (over > 0) menu.scrollLeft += over + 16;
  }

  for (const box of document.querySelectorAll('input[data-select-all]')) {
    box.addEventListener('change', () => {
      const name = box.dataset.selectAll;
      for (const other of box.form.querySelectorAll(`input[type=checkbox][name="${name}"]`))
        other.checked = box.checked;
    });
  }

  const edited = (region) =>
    [...region.querySelectorAll('input, textarea, select')].some((field) =>
      field instanceof HTMLSelectElement
        ? [...field.options].some((o) => o.selected !== o.defaultSelected)
        : field.type === 'checkbox'
          ? field.checked !== field.defaultChecked
          : field.value !== field.defaultValue,
    );

  const main = document.querySelector('main[data-live]');
  if (!main || !('EventSource' in window)) return;
  let timer;
  let busy = false;
  // A change came in that the page does not show yet (it was busy, or a person was in a field).
  let behind = false;
  const refresh = async () => {
    const region = main.querySelector('[data-live-region]');
    if (!region) return;
    // Never replace what a person is typing or has focused: refresh when they leave it.
    if (busy || region.contains(document.activeElement) || edited(region)) {
      behind = true;
      return;
    }
    behind = false;
    busy = true;
    try {
      const response = await fetch(window.location.href, {
        headers: { accept: 'text/html' },
        credentials: 'same-origin',
      });
      if (!response.ok) return;
      const next = new DOMParser()
        .parseFromString(await response.text(), 'text/html')
        .querySelector('[data-live-region]');
      if (next) region.replaceChildren(...next.childNodes);
    } finally {
      busy = false;
      if (behind) later();
    }
  };
  // From where the page stands: what was published while it loaded still refreshes it.
  const since = main.dataset.liveSince;
  const events = new EventSource(since ? `/events?since=${encodeURIComponent(since)}` : '/events');
  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(refresh, 400);
  };
  events.addEventListener('changed', later);
  // Leaving a field (unchanged) lets a held-back refresh through; a field with edits keeps holding it.
  main.addEventListener('focusout', () => {
    if (behind) later();
  });
  events.addEventListener('post', (event) => {
    try {
      const change = JSON.parse(event.data);
      say(`${change.postId} is now ${change.state}`);
    } catch {
      // A malformed event changes nothing but the refresh.
    }
    later();
  });
})();
