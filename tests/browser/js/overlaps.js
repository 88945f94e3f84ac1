() => {
  const out = [];
  for (const td of document.querySelectorAll('.md-content table[data-pf-stack] td[data-label]')) {
    if (!td.getAttribute('data-label') || td.getClientRects().length === 0) continue;
    const label = getComputedStyle(td, '::before');
    if (label.content === 'none' || label.position !== 'absolute') continue;
    const labelRight = parseFloat(label.left) + parseFloat(label.width);
    if (parseFloat(getComputedStyle(td).paddingLeft) < labelRight) {
      out.push(`${td.getAttribute('data-label')}: ${td.innerText.trim().slice(0, 40)}`);
    }
  }
  return out;
}
