(available) => {
  let shrunk = 0;
  for (const card of document.querySelectorAll('.pf-card')) {
    let size = 100;
    while (card.getBoundingClientRect().height > available && size > 60) {
      size -= 5;
      card.style.fontSize = `calc(1.15em * ${size / 100})`;
    }
    if (size < 100) shrunk += 1;
  }
  return [document.querySelectorAll('.pf-card').length, shrunk];
}
