import { randomInt } from 'node:crypto';

/** ISO 13616 check digits, computed piecewise: the number is too long for a double. */
export function ibanCheckDigits(country: string, bban: string): string {
  const rearranged = `${bban}${country}00`.toUpperCase();
  const digits = [...rearranged].map((c) => (/[A-Z]/.test(c) ? String(c.charCodeAt(0) - 55) : c)).join('');
  let remainder = 0;
  for (const digit of digits) remainder = (remainder * 10 + Number(digit)) % 97;
  return String(98 - remainder).padStart(2, '0');
}

export function isValidIban(iban: string): boolean {
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{1,30}$/.test(iban)) return false;
  return ibanCheckDigits(iban.slice(0, 2), iban.slice(4)) === iban.slice(2, 4);
}

/** A French IBAN with valid check digits in a bank code no real bank uses (99999). */
export function demoIban(account?: string): string {
  const accountNumber = account ?? Array.from({ length: 11 }, () => randomInt(10)).join('');
  const bban = `99999` + `00001` + accountNumber.padStart(11, '0').slice(-11) + String(randomInt(100)).padStart(2, '0');
  return `FR${ibanCheckDigits('FR', bban)}${bban}`;
}
