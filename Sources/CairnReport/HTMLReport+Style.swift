extension HTMLReport {
  /// The inline style sheet: a readable column, light table rules with right-aligned numbers, a
  /// two-column metadata grid, and charts that shrink with the window. It is written unescaped (HTML
  /// does not decode entities inside `<style>`), so it holds no `<`, `>`, `&` or quotes, which keeps
  /// it valid as XML text too.
  static let styleSheet = """
    body { margin: 0; background: #FFFFFF; color: #1A1A1A;
      font: 15px/1.5 -apple-system, Segoe UI, Helvetica, Arial, sans-serif; }
    main { max-width: 1040px; margin: 0 auto; padding: 24px 32px 48px; }
    h1 { font-size: 26px; margin: 8px 0 16px; }
    h2 { font-size: 20px; margin: 32px 0 12px; padding-bottom: 4px; border-bottom: 1px solid #DDDDDD; }
    h3 { font-size: 16px; margin: 20px 0 8px; }
    dl { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 0 0 16px; }
    dt { font-weight: 600; color: #555555; }
    dd { margin: 0; font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 13px;
      overflow-wrap: anywhere; }
    dl.metadata { background: #F6F8FA; border: 1px solid #E1E4E8; border-radius: 6px; padding: 12px 16px; }
    nav ol { margin: 0 0 8px; padding-left: 24px; }
    pre { background: #F6F8FA; border: 1px solid #E1E4E8; border-radius: 6px; padding: 12px;
      overflow-x: auto; font-size: 13px; }
    div.table { overflow-x: auto; margin: 12px 0; }
    table { border-collapse: collapse; font-size: 14px; }
    caption { caption-side: top; text-align: left; font-weight: 600; padding-bottom: 6px; }
    th, td { padding: 4px 12px; border-bottom: 1px solid #E1E4E8; text-align: left; vertical-align: top; }
    thead th { border-bottom: 2px solid #C8CCD1; }
    th.num, td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
    th.center, td.center { text-align: center; }
    figure { margin: 16px 0; }
    figure svg { max-width: 100%; height: auto; }
    figcaption { color: #555555; font-size: 13px; margin-top: 4px; }
    """
}
