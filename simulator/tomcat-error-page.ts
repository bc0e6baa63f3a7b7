const REASONS: Record<number, string> = {
  404: 'Not Found',
  405: 'Method Not Allowed',
  413: 'Payload Too Large',
  500: 'Internal Server Error',
};

/** The HTML error page Tomcat (which CBS runs on) answers outside the JSON API. */
export function tomcatErrorPage(status: number, description: string): string {
  const title = `HTTP Status ${status} – ${REASONS[status] ?? 'Error'}`;
  return [
    '<!doctype html><html lang="en"><head>',
    `<title>${title}</title>`,
    '<style type="text/css">body {font-family:Tahoma,Arial,sans-serif;} h1 {font-size:22px;}</style>',
    '</head><body>',
    `<h1>${title}</h1><hr class="line" />`,
    '<p><b>Type</b> Status Report</p>',
    `<p><b>Description</b> ${description}</p>`,
    '<hr class="line" /><h3>Apache Tomcat</h3>',
    '</body></html>',
  ].join('');
}
