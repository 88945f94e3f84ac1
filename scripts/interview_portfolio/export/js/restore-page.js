() => {
  // Undo a job (prepare.js, layout-cards.js, fit-cards.js ...): the classes and style of <html>,
  // what was added to <head>, and the whole <body>, as snapshot-page.js kept them.
  const kept = window.pfPristine;
  const root = document.documentElement;
  root.className = kept.className;
  if (kept.style === null) root.removeAttribute('style'); else root.setAttribute('style', kept.style);
  while (document.head.childElementCount > kept.head) document.head.lastElementChild.remove();
  document.body.replaceWith(kept.body.cloneNode(true));
  window.scrollTo(0, 0);
  return true;
}
