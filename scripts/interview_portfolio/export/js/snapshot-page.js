() => {
  // Keep the page as it was loaded (after its own scripts ran), for restore-page.js: the next
  // job on this page then starts from the same document as a fresh load, without loading it again.
  const root = document.documentElement;
  window.pfPristine = {
    className: root.className,
    style: root.getAttribute('style'),
    head: document.head.childElementCount,
    body: document.body.cloneNode(true),
  };
  return true;
}
