() => {
  const visible = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
  const describe = (el) => {
    const view = ['pf-metrics', 'pf-followups', 'pf-matrix', 'pf-speaking', 'pf-dashboard', 'pf-worked', 'pf-header']
      .find(c => el.closest('.' + c));
    const where = view ? '.' + view : '';
    const head = el.tHead ? el.tHead.innerText.replace(/\\s+/g, ' ').trim().slice(0, 60) : '';
    return `table${where} [${head}]`;
  };
  const column = document.querySelector('.md-content__inner') || document.body;
  const right = column.getBoundingClientRect().right;
  const out = [];
  for (const table of document.querySelectorAll('.md-content table')) {
    if (!visible(table)) continue;
    let box = table.parentElement, scroller = null;
    while (box && box !== document.body) {
      const ox = getComputedStyle(box).overflowX;
      if (ox === 'auto' || ox === 'scroll') { scroller = box; break; }
      box = box.parentElement;
    }
    const rect = table.getBoundingClientRect();
    out.push({
      table: describe(table),
      fitsColumn: rect.right <= right + 1,
      scroller: scroller !== null,
      scrolls: scroller ? scroller.scrollWidth > scroller.clientWidth + 1 : false,
      cue: scroller ? scroller.classList.contains('pf-scrolls') : false,
      focusable: scroller ? scroller.tabIndex >= 0 : false,
    });
  }
  return out;
}
