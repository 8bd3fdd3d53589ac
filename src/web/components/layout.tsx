import type { Child } from 'hono/jsx';
import { pageMessages } from '../../messages/index.ts';
import { type Lang, otherLang } from '../../shared/lang.ts';
import { hrefWithLang } from './href-with-lang.ts';
import { STYLE } from './style.ts';
import { trustedHtml } from './trusted-html.ts';

/** A link in the header's navigation. */
export interface NavItem {
  href: string;
  label: string;
  current?: boolean;
}

export interface LayoutProps {
  lang: Lang;
  /** The page's heading text, also the window title. */
  title: string;
  /**
   * This page's own path and query (e.g. `/bono?lang=es`): the language switch leads to the same
   * address in the other language.
   */
  path: string;
  /** The header's navigation (none when absent). */
  nav?: readonly NavItem[];
  /** Where the name "ayni" in the header leads (default `/` in the page's language). */
  homeHref?: string;
  /** A line above the header for the whole site, as text (that the clock is simulated). */
  banner?: string | undefined;
  /** The window title when it is not `title · ayni` (the back office adds its name). */
  windowTitle?: string;
  /** Reloads the page without script (the progress pages of background jobs). */
  refreshSeconds?: number | undefined;
  /**
   * Where the language switch leads, when it is not this page's address in the other language
   * (older string pages give it themselves, e.g. `?lang=en`).
   */
  switchHref?: string;
  children?: Child;
}

/**
 * The page frame: doctype, head with the one style sheet, skip link, header (demo banner, name,
 * navigation, language switch), main landmark, footer. Every word is the catalogue's
 * (src/messages/<lang>/pages/common.ts); the switch names the other language in that language.
 *
 * @example c.html(<Layout lang="es" title="Estado del registro" path="/?lang=es"><h1>…</h1></Layout>)
 */
export function Layout(p: LayoutProps) {
  const words = pageMessages(p.lang).common;
  const alt = otherLang(p.lang);
  const nav = p.nav ?? [];
  return (
    <>
      {/* JSX writes elements, not the doctype: this constant is the only raw HTML of the frame. */}
      {trustedHtml('<!doctype html>')}
      <html lang={p.lang}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          {p.refreshSeconds ? <meta http-equiv="refresh" content={String(p.refreshSeconds)} /> : null}
          <title>{p.windowTitle ?? words.frame.windowTitle(p.title)}</title>
          {/* The style sheet is ayni's own constant (./style.ts). */}
          <style>{trustedHtml(STYLE)}</style>
        </head>
        <body>
          <a class="skip" href="#main">
            {words.frame.skip}
          </a>
          <header>
            {p.banner ? <p class="banner">{p.banner}</p> : null}
            <div class="w">
              <a class="brand" href={p.homeHref ?? hrefWithLang('/', p.lang)}>
                ayni<span>{words.frame.tagline}</span>
              </a>
              {nav.length > 0 ? (
                <nav aria-label={words.frame.nav}>
                  <ul>
                    {nav.map((l) => (
                      <li>
                        <a href={l.href} aria-current={l.current ? 'page' : undefined}>
                          {l.label}
                        </a>
                      </li>
                    ))}
                  </ul>
                </nav>
              ) : null}
              <a href={p.switchHref ?? hrefWithLang(p.path, alt)} hreflang={alt} lang={alt}>
                {pageMessages(alt).common.languageName}
              </a>
            </div>
          </header>
          <main id="main" tabindex={-1}>
            <div class="w">{p.children}</div>
          </main>
          <footer>
            <div class="w">
              <p>{words.frame.footer}</p>
            </div>
          </footer>
        </body>
      </html>
    </>
  );
}
