(pages) => {
  for (const p of document.querySelectorAll('#pf-pack-toc .pf-toc-page')) {
    const n = pages[p.dataset.target];
    p.textContent = n ? String(n) : '';
  }
}
