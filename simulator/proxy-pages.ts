const REASONS: Record<number, string> = {
  429: 'Too Many Requests',
  502: 'Bad Gateway',
  503: 'Service Temporarily Unavailable',
};

/** The error page nginx, the usual reverse proxy in front of CBS, answers when it cannot. */
export function proxyErrorPage(status: number): string {
  const title = `${status} ${REASONS[status] ?? 'Error'}`;
  return [
    `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n`,
    `<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n`,
    '</body>\r\n</html>\r\n',
  ].join('');
}

/** A sign-in page a proxy or SSO portal puts in front of CBS, answered with status 200. */
export function signInPage(): string {
  return [
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Sign in</title></head>',
    '<body><form method="post" action="/portal/login">',
    '<h1>Sign in to continue</h1>',
    '<label>User name <input name="username" autocomplete="username"></label>',
    '<label>Password <input name="password" type="password"></label>',
    '<button type="submit">Sign in</button>',
    '</form></body></html>',
  ].join('');
}
