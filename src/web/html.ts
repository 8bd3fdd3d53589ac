/** Escapes text for HTML element content and attribute values. @example escapeHtml('<a>') // '&lt;a&gt;' */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

export type Lang = 'es' | 'en';

/** Picks the page language: `?lang=` first, then Accept-Language, Spanish by default. */
export function pickLang(query: string | undefined, acceptLanguage: string | undefined): Lang {
  if (query === 'en' || query === 'es') return query;
  if (acceptLanguage && /^en\b/i.test(acceptLanguage.trim())) return 'en';
  return 'es';
}

/** The page frame: light, no JavaScript, readable on a cheap phone. */
export function layout(lang: Lang, title: string, body: string, altLangHref: string): string {
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · ayni</title>
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1a1a1a;background:#fff;line-height:1.5}
header,main,footer{max-width:60rem;margin:0 auto;padding:0 1rem}
header{display:flex;justify-content:space-between;align-items:center;border-bottom:3px solid #007934}
header a{color:#0b3d91}
h1{font-size:1.5rem}
table{border-collapse:collapse;width:100%;margin:1rem 0}
th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid #ccc}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
caption{text-align:left;font-weight:600;padding:.5rem 0}
footer{color:#444;font-size:.875rem;border-top:1px solid #ccc;margin-top:2rem;padding-bottom:2rem}
</style>
</head>
<body>
<header><p><strong>ayni</strong></p><p><a href="${escapeHtml(altLangHref)}" hreflang="${lang === 'es' ? 'en' : 'es'}">${lang === 'es' ? 'English' : 'Español'}</a></p></header>
<main>
${body}
</main>
<footer><p>${lang === 'es' ? 'ayni — registro único para los programas de emergencia. Datos sintéticos de demostración.' : 'ayni — one registry for emergency programmes. Synthetic demonstration data.'}</p></footer>
</body>
</html>`;
}
