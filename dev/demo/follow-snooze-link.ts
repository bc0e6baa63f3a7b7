/**
 * What a person does with a Snooze link, over plain HTTP: open the first link of a digest (GET
 * shows the form and sets its cookie), fill it in, send it (POST). Returns the page's answer.
 */
export async function followFirstSnoozeLink(
  html: string,
  form: { note: string; by: string; days: number },
): Promise<{ status: number; text: string }> {
  const href = /<a href="([^"]+)">Snooze<\/a>/.exec(html)?.[1];
  if (!href) throw new Error('the digest has no Snooze link');
  const link = decodeEntities(href);
  const shown = await fetch(link);
  const page = await shown.text();
  const hidden = Object.fromEntries(
    [...page.matchAll(/type="hidden" name="(\w+)" value="([^"]*)"/g)].map((m) => [
      m[1],
      decodeEntities(m[2] ?? ''),
    ]),
  );
  const cookie = (shown.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const sent = await fetch(link, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    body: new URLSearchParams({ ...hidden, note: form.note, by: form.by, days: String(form.days) }),
  });
  const answer = await sent.text();
  const text = [...answer.matchAll(/<p>([^<]*)<\/p>/g)].map((m) => decodeEntities(m[1] ?? '')).join(' ');
  return { status: sent.status, text };
}

/** The few entities Handlebars writes into attributes and text. */
function decodeEntities(s: string): string {
  return s
    .replace(/&#x3D;/g, '=')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
