async () => {
  await Promise.all([...document.images].map((img) => img.complete ? null : new Promise((r) => {
    img.addEventListener('load', r, {once: true});
    img.addEventListener('error', r, {once: true});
  })));
  await document.fonts.ready;
  return [...document.images]
    .filter((img) => img.complete && img.naturalWidth === 0 && !img.src.startsWith('data:'))
    .map((img) => new URL(img.src).pathname);
}
