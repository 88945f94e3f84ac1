async () => {
  const here = new URL(location.href);
  const norm = (u) => {
    let p = u.pathname;
    if (p.endsWith('/index.html')) p = p.slice(0, -'index.html'.length);
    return p.endsWith('/') ? p : p + '/';
  };
  const problems = [];
  const article = document.querySelector('article.md-content__inner');
  const holder = document.getElementById('pf-pack-stories');
  const sourceList = document.getElementById('pf-pack-sources');
  const toc = document.getElementById('pf-pack-toc');
  if (!article || !holder || !sourceList || !toc) {
    return ['print/pack/ lacks its placeholders (#pf-pack-stories, #pf-pack-sources, #pf-pack-toc)'];
  }
  const sources = [...sourceList.querySelectorAll('a[href]')]
    .map((a) => new URL(a.getAttribute('href'), here));
  const stories = new Map();
  sources.forEach((u, i) => stories.set(norm(u), {id: `pf-story-${i + 1}`, prefix: `s${i + 1}-`}));

  const pages = await Promise.all(sources.map(async (u) => {
    const response = await fetch(u);
    if (!response.ok) { problems.push(`${u.pathname}: HTTP ${response.status}`); return null; }
    return [u, await response.text()];
  }));
  for (const loaded of pages) {
    if (!loaded) continue;
    const [u, text] = loaded;
    const doc = new DOMParser().parseFromString(text, 'text/html');
    const body = doc.querySelector('article.md-content__inner');
    if (!body) { problems.push(`${u.pathname}: no article in the page`); continue; }
    body.querySelectorAll(
      'script, .md-source-file, .md-content__button, form.md-feedback, a.headerlink'
    ).forEach((e) => e.remove());
    const info = stories.get(norm(u));
    for (const el of body.querySelectorAll('[id]')) el.id = info.prefix + el.id;
    for (const el of body.querySelectorAll('label[for]')) el.htmlFor = info.prefix + el.htmlFor;
    for (const name of ['aria-labelledby', 'aria-describedby', 'aria-controls']) {
      for (const el of body.querySelectorAll(`[${name}]`)) {
        el.setAttribute(name, el.getAttribute(name).split(/\s+/).map((v) => info.prefix + v).join(' '));
      }
    }
    for (const el of body.querySelectorAll('img[src]')) {
      el.src = new URL(el.getAttribute('src'), u).href;
      el.removeAttribute('srcset');
      el.loading = 'eager';
    }
    for (const a of body.querySelectorAll('a[href]')) a.dataset.pfBase = u.href;
    const section = document.createElement('section');
    section.className = 'pf-pack-story';
    section.id = info.id;
    section.append(...body.childNodes);
    holder.append(section);
  }
  sourceList.remove();

  // Links: to a story in the pack -> inside the PDF; to this page -> kept; to any other page of
  // the site -> plain text (it would point at the temporary local server); external -> kept.
  for (const a of article.querySelectorAll('a[href]')) {
    const raw = a.getAttribute('href');
    const base = a.dataset.pfBase || here.href;
    delete a.dataset.pfBase;
    let target;
    try { target = new URL(raw, base); } catch (e) { continue; }
    if (target.origin !== here.origin) continue;
    const hash = decodeURIComponent(target.hash.slice(1));
    const story = stories.get(norm(target));
    if (story) {
      a.setAttribute('href', '#' + (hash ? story.prefix + hash : story.id));
    } else if (norm(target) === norm(here) && hash) {
      a.setAttribute('href', '#' + hash);
    } else {
      const span = document.createElement('span');
      span.className = 'pf-unlinked';
      span.append(...a.childNodes);
      a.replaceWith(span);
    }
  }

  // Every answer open: follow-ups, collapsible notes.
  for (const d of article.querySelectorAll('details')) d.open = true;

  // Table of contents: the sections after it, stories one level down.
  const contents = document.getElementById('pf-contents');
  const entry = (id, title) => {
    const li = document.createElement('li');
    const a = document.createElement('a');
    a.href = '#' + id;
    const t = document.createElement('span');
    t.className = 'pf-toc-title';
    t.textContent = title;
    const p = document.createElement('span');
    p.className = 'pf-toc-page';
    p.dataset.target = id;
    a.append(t, p);
    li.append(a);
    return li;
  };
  const headingText = (h) => {
    const c = h.cloneNode(true);
    c.querySelectorAll('.headerlink').forEach((e) => e.remove());
    return c.textContent.trim();
  };
  const list = document.createElement('ol');
  for (const h of article.querySelectorAll(':scope > h1')) {
    if (h.id && h !== contents && h.id !== 'pf-cover') list.append(entry(h.id, headingText(h)));
  }
  const sections = [...holder.querySelectorAll(':scope > section')];
  if (sections.length) {
    const group = document.createElement('li');
    const label = document.createElement('span');
    label.className = 'pf-toc-group';
    label.textContent = 'Stories';
    const inner = document.createElement('ol');
    for (const s of sections) {
      const h = s.querySelector('h1');
      inner.append(entry(s.id, h ? headingText(h) : s.id));
    }
    group.append(label, inner);
    list.append(group);
  }
  toc.append(list);
  return problems;
}
