async ({key, margin}) => {
  document.documentElement.classList.add('pf-print', 'pf-print-' + key);
  const style = document.createElement('style');
  style.textContent = `@page { margin: ${margin}; }`;
  document.head.append(style);
  for (const img of document.images) img.loading = 'eager';
  return true;
}
