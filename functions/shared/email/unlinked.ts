/**
 * A link the requester typed, written so no mail client turns it into a link: anyone can submit any URL
 * with someone else's address, so an email of ours must never carry it as something to click.
 */

/** `https://www.example.com/a.mp3` → `hxxps://www[.]example[.]com/a[.]mp3`: the scheme and every dot broken. */
export function unlinkedUrl(url: string): string {
  const broken = url.replaceAll('.', '[.]').replaceAll('@', '[at]');
  const scheme = /^([a-z][a-z0-9+-]*):\/\//i.exec(broken);
  if (!scheme) return broken;
  const name = scheme[1]!.toLowerCase();
  const defanged = name === 'http' || name === 'https' ? `${name.replace('tt', 'xx')}://` : `${name}[:]//`;
  return `${defanged}${broken.slice(scheme[0].length)}`;
}
