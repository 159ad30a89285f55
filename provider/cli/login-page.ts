/**
 * The page the browser lands on after GoTo's sign-in: whether it worked, or what failed, in plain HTML (no script,
 * no style sheet, nothing fetched), every text escaped: parts of it (an error GoTo sent back) come from the URL.
 */
export interface LandingPage {
  ok: boolean;
  title: string;
  /** Paragraphs, as plain text. */
  lines: string[];
}

export function landingPage(page: LandingPage): string {
  const paragraphs = page.lines.map((l) => `<p>${escapeHtml(l)}</p>`).join('\n');
  return (
    '<!doctype html>\n<html lang="en">\n<head><meta charset="utf-8"><title>' +
    `${escapeHtml(page.title)} · pulumi-gotowebinar login</title></head>\n<body>\n` +
    `<h1>${page.ok ? '✔' : '✘'} ${escapeHtml(page.title)}</h1>\n${paragraphs}\n` +
    '<p>You can close this tab: the terminal that runs <code>pulumi-gotowebinar login</code> says the rest.</p>\n' +
    '</body>\n</html>\n'
  );
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
