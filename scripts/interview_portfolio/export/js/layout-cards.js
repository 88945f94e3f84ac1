({perPage, width, height}) => {
  // Every cue card gets a box: the printable area of its page (one card per page), or a cell of
  // a sheet (several per page: the sheet is the page, cut along the dashed lines). The boxes are
  // a hair shorter than the page so rounding never pushes a box onto a page of its own.
  const root = document.documentElement.style;
  root.setProperty('--pf-page-w', `${width}mm`);
  root.setProperty('--pf-page-h', `${height - 0.5}mm`);
  const holder = document.querySelector('.pf-cards');
  const cards = [...document.querySelectorAll('.pf-card')];
  if (!holder || perPage <= 1) return cards.length;
  const columns = Math.ceil(Math.sqrt(perPage));
  root.setProperty('--pf-sheet-columns', String(columns));
  root.setProperty('--pf-sheet-rows', String(Math.ceil(perPage / columns)));
  for (let i = 0; i < cards.length; i += perPage) {
    const sheet = document.createElement('div');
    sheet.className = 'pf-sheet';
    sheet.append(...cards.slice(i, i + perPage));
    holder.append(sheet);
  }
  return cards.length;
}
