({min, max}) => {
  // Each card's type as large as its box allows, between min and max times the size the print
  // styles give it: a binary search on the scale, content against box (overflow: hidden).
  // Returns each card's [scale, type size in pt] and the titles of cards too long even at min.
  // Every card has a box of its own, so one card's type never moves another: all the cards are
  // searched in step, every size set before any is measured, so each step costs one layout of
  // the page rather than one per card.
  const fits = (card) => card.scrollHeight <= card.clientHeight + 1 && card.scrollWidth <= card.clientWidth + 1;
  const cards = [...document.querySelectorAll('.pf-card')].map((el) => ({
    el, base: parseFloat(getComputedStyle(el).fontSize), lo: min, hi: max, scale: max, done: false,
  }));
  const set = (card, scale) => { card.el.style.fontSize = `${(card.base * scale).toFixed(2)}px`; };
  const tooLong = [];
  cards.forEach((card) => set(card, max));
  cards.filter((card) => fits(card.el)).forEach((card) => { card.done = true; });
  let open = cards.filter((card) => !card.done);
  open.forEach((card) => set(card, min));
  for (const card of open) {
    if (fits(card.el)) continue;
    const title = card.el.querySelector('.pf-card-title');
    tooLong.push(title ? title.textContent.trim() : card.el.id);
    card.scale = min;
    card.done = true;
  }
  open = open.filter((card) => !card.done);
  while (open.length && max - min > 0.01) {
    const mids = open.map((card) => (card.lo + card.hi) / 2);
    open.forEach((card, i) => set(card, mids[i]));
    open.forEach((card, i) => { if (fits(card.el)) card.lo = mids[i]; else card.hi = mids[i]; });
    open = open.filter((card) => card.hi - card.lo > 0.01);
  }
  for (const card of cards) {
    if (card.done) continue;
    card.scale = card.lo;
    set(card, card.lo);
  }
  const scales = cards.map((card) => [card.scale, card.base * card.scale * 0.75]);
  return [scales, tooLong];
}
