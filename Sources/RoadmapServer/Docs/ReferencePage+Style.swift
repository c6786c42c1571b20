extension ReferencePage {
    /// The page's only style sheet, inline. Colours of the French state's design system; text
    /// contrast at least 7:1 (AAA) on its background, focus outline at least 3:1; system
    /// fonts; one column on small screens, the contents beside the text on wide ones.
    static let style: Markup = """
        :root { color-scheme: light; }
        *, *::before, *::after { box-sizing: border-box; }
        body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", \
        "DejaVu Sans", Arial, sans-serif; font-size: 1rem; line-height: 1.5; color: #161616; \
        background: #ffffff; }
        a { color: #000091; text-decoration: underline; text-underline-offset: 0.15em; }
        a:hover { text-decoration-thickness: 2px; }
        a:focus-visible, main:focus-visible, section:focus-visible { outline: 3px solid #0a76f6; \
        outline-offset: 2px; }
        :target { scroll-margin-top: 1rem; }
        .skip-link { position: absolute; left: -10000px; top: 0.5rem; z-index: 10; padding: 0.5rem 1rem; \
        background: #000091; color: #ffffff; font-weight: 700; }
        .skip-link:focus { left: 0.5rem; outline: 3px solid #0a76f6; outline-offset: 2px; }
        .page-header { padding: 1.5rem 1rem 1rem; border-bottom: 4px solid #000091; }
        .page-header h1 { margin: 0.25rem 0; font-size: 2rem; line-height: 1.2; }
        .eyebrow { margin: 0; color: #3a3a3a; font-size: 0.95rem; }
        .lead { margin: 0.5rem 0 0; font-size: 1.125rem; max-width: 60rem; }
        .layout { display: block; }
        .toc { padding: 1rem; border-bottom: 1px solid #929292; background: #f6f6f6; }
        .toc h2 { margin-top: 0; font-size: 1.25rem; }
        .toc ol { margin: 0; padding-left: 1.25rem; }
        .toc ol ol { padding-left: 0.75rem; list-style: none; font-size: 0.9rem; }
        .toc li { margin: 0.15rem 0; }
        .toc ol ol a { display: grid; grid-template-columns: 4.75em minmax(0, 1fr); text-decoration: none; }
        .toc-method { font-weight: 700; color: #3a3a3a; }
        .toc-path { text-decoration: underline; text-underline-offset: 0.15em; overflow-wrap: anywhere; }
        .toc ol ol a:hover .toc-path { text-decoration-thickness: 2px; }
        main { padding: 1rem; min-width: 0; }
        main > section { max-width: 72rem; }
        h2 { font-size: 1.6rem; margin: 2.5rem 0 0.75rem; padding-bottom: 0.25rem; \
        border-bottom: 2px solid #929292; }
        h3 { font-size: 1.25rem; margin: 0 0 0.5rem; overflow-wrap: anywhere; }
        h4 { font-size: 1.05rem; margin: 1.25rem 0 0.5rem; }
        .operation, .schema { margin: 1.5rem 0; padding: 1rem; border: 1px solid #929292; \
        border-radius: 4px; }
        .method { display: inline-block; min-width: 4.5em; padding: 0.1em 0.5em; margin-right: 0.25em; \
        border-radius: 3px; color: #ffffff; font-size: 0.9em; text-align: center; }
        .method-get { background: #0b5c2c; }
        .method-post { background: #000091; }
        .method-put, .method-patch { background: #695240; }
        .method-delete { background: #b60000; }
        .summary { font-size: 1.05rem; margin: 0.25rem 0 0.5rem; }
        .facts { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 0.25rem 0.75rem; \
        margin: 0.5rem 0; }
        .facts dt { font-weight: 700; }
        .facts dd { margin: 0; }
        code, pre { font-family: ui-monospace, "DejaVu Sans Mono", "Liberation Mono", Menlo, Consolas, \
        monospace; font-size: 0.9em; }
        code { padding: 0 0.2em; background: #eeeeee; border-radius: 2px; overflow-wrap: break-word; }
        pre { margin: 0.5rem 0; padding: 0.75rem; background: #f6f6f6; border: 1px solid #929292; \
        white-space: pre-wrap; overflow-wrap: anywhere; }
        pre code { padding: 0; background: none; }
        table { width: 100%; margin: 0.5rem 0 1rem; border-collapse: collapse; font-size: 0.95rem; }
        caption { padding: 0.25rem 0; text-align: left; font-weight: 700; }
        th, td { padding: 0.4rem 0.5rem; border: 1px solid #929292; text-align: left; vertical-align: top; \
        overflow-wrap: break-word; }
        thead th { background: #eeeeee; }
        tbody th { font-weight: 400; }
        td p, th p { margin: 0 0 0.25rem; }
        td p:last-child { margin-bottom: 0; }
        .status { margin: 0.75rem 0 0.25rem; }
        .headers { margin: 0.25rem 0; }
        .schema-index { display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; padding: 0; list-style: none; }
        .page-footer { padding: 1rem; border-top: 4px solid #000091; color: #3a3a3a; }
        @media (max-width: 40em) { th, td, code { overflow-wrap: anywhere; } }
        @media (min-width: 64em) {
          .layout { display: grid; grid-template-columns: 20rem minmax(0, 1fr); }
          .toc { position: sticky; top: 0; align-self: start; max-height: 100vh; overflow-y: auto; \
        border-bottom: none; border-right: 1px solid #929292; }
          main { padding: 1rem 2rem; }
        }
        @media print {
          .toc, .skip-link { display: none; }
          .operation, .schema { break-inside: avoid; }
        }
        """
}
