({min, max}) => {
  // Each card's type as large as its box allows, between min and max times the size the print
  // styles give it: a binary search on the scale, content against box (overflow: hidden).
  // Returns each card's [scale, type size in pt] and the titles of cards too long even at min.
  const fits = (card) => card.scrollHeight <= card.clientHeight + 1 && card.scrollWidth <= card.clientWidth + 1;
  const scales = [];
  const tooLong = [];
  for (const card of document.querySelectorAll('.pf-card')) {
    const base = parseFloat(getComputedStyle(card).fontSize);
    const set = (scale) => { card.style.fontSize = `${(base * scale).toFixed(2)}px`; };
    set(max);
    if (fits(card)) { scales.push([max, base * max * 0.75]); continue; }
    let lo = min;
    let hi = max;
    set(lo);
    if (!fits(card)) {
      const title = card.querySelector('.pf-card-title');
      tooLong.push(title ? title.textContent.trim() : card.id);
      scales.push([min, base * min * 0.75]);
      continue;
    }
    while (hi - lo > 0.01) {
      const mid = (lo + hi) / 2;
      set(mid);
      if (fits(card)) lo = mid; else hi = mid;
    }
    set(lo);
    scales.push([lo, base * lo * 0.75]);
  }
  return [scales, tooLong];
}
