/** Tux's timezone table: nine places per continent, shown with their current local time. */

export interface Place {
  flag: string;
  zone: string;
  abbr: string;
}

const p = (flag: string, zone: string, abbr: string): Place => ({ flag, zone, abbr });

export const CONTINENTS: Readonly<Record<string, { emoji: string; places: Place[] }>> = {
  'North America': {
    emoji: '🌎',
    places: [
      p('🇺🇸', 'Pacific/Honolulu', 'HST'),
      p('🇺🇸', 'America/Anchorage', 'AKST'),
      p('🇺🇸', 'America/Los_Angeles', 'PST'),
      p('🇺🇸', 'America/Denver', 'MST'),
      p('🇺🇸', 'America/Chicago', 'CST'),
      p('🇺🇸', 'America/New_York', 'EST'),
      p('🇲🇽', 'America/Mexico_City', 'CST'),
      p('🇨🇦', 'America/Toronto', 'EST'),
      p('🇨🇦', 'America/Vancouver', 'PST'),
    ],
  },
  'South America': {
    emoji: '🌎',
    places: [
      p('🇧🇷', 'America/Sao_Paulo', 'BRT'),
      p('🇦🇷', 'America/Argentina/Buenos_Aires', 'ART'),
      p('🇨🇱', 'America/Santiago', 'CLT'),
      p('🇵🇪', 'America/Lima', 'PET'),
      p('🇨🇴', 'America/Bogota', 'COT'),
      p('🇻🇪', 'America/Caracas', 'VET'),
      p('🇧🇴', 'America/La_Paz', 'BOT'),
      p('🇵🇾', 'America/Asuncion', 'PYT'),
      p('🇺🇾', 'America/Montevideo', 'UYT'),
    ],
  },
  Africa: {
    emoji: '🌍',
    places: [
      p('🇬🇭', 'Africa/Accra', 'GMT'),
      p('🇳🇬', 'Africa/Lagos', 'WAT'),
      p('🇿🇦', 'Africa/Johannesburg', 'SAST'),
      p('🇪🇬', 'Africa/Cairo', 'EET'),
      p('🇰🇪', 'Africa/Nairobi', 'EAT'),
      p('🇲🇦', 'Africa/Casablanca', 'WET'),
      p('🇹🇿', 'Africa/Dar_es_Salaam', 'EAT'),
      p('🇩🇿', 'Africa/Algiers', 'CET'),
      p('🇳🇦', 'Africa/Windhoek', 'CAT'),
    ],
  },
  Europe: {
    emoji: '🌍',
    places: [
      p('🇬🇧', 'Europe/London', 'GMT'),
      p('🇩🇪', 'Europe/Berlin', 'CET'),
      p('🇫🇷', 'Europe/Paris', 'CET'),
      p('🇮🇹', 'Europe/Rome', 'CET'),
      p('🇪🇸', 'Europe/Madrid', 'CET'),
      p('🇳🇱', 'Europe/Amsterdam', 'CET'),
      p('🇧🇪', 'Europe/Brussels', 'CET'),
      p('🇷🇺', 'Europe/Moscow', 'MSK'),
      p('🇬🇷', 'Europe/Athens', 'EET'),
    ],
  },
  Asia: {
    emoji: '🌏',
    places: [
      p('🇦🇪', 'Asia/Dubai', 'GST'),
      p('🇮🇳', 'Asia/Kolkata', 'IST'),
      p('🇧🇩', 'Asia/Dhaka', 'BST'),
      p('🇲🇲', 'Asia/Yangon', 'MMT'),
      p('🇹🇭', 'Asia/Bangkok', 'ICT'),
      p('🇻🇳', 'Asia/Ho_Chi_Minh', 'ICT'),
      p('🇨🇳', 'Asia/Shanghai', 'CST'),
      p('🇭🇰', 'Asia/Hong_Kong', 'HKT'),
      p('🇯🇵', 'Asia/Tokyo', 'JST'),
    ],
  },
  'Australia/Oceania': {
    emoji: '🌏',
    places: [
      p('🇦🇺', 'Australia/Perth', 'AWST'),
      p('🇦🇺', 'Australia/Sydney', 'AEST'),
      p('🇫🇯', 'Pacific/Fiji', 'FJT'),
      p('🇳🇿', 'Pacific/Auckland', 'NZDT'),
      p('🇵🇬', 'Pacific/Port_Moresby', 'PGT'),
      p('🇼🇸', 'Pacific/Apia', 'WSST'),
      p('🇸🇧', 'Pacific/Guadalcanal', 'SBT'),
      p('🇻🇺', 'Pacific/Efate', 'VUT'),
      p('🇵🇫', 'Pacific/Tahiti', 'THAT'),
    ],
  },
};

/** "UTC+05:30" from the zone's real offset at `at` (daylight saving included). */
export function utcOffset(zone: string, at: Date): string {
  const part = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' })
    .formatToParts(at)
    .find((x) => x.type === 'timeZoneName')?.value;
  return part === 'GMT' || !part ? 'UTC+00:00' : part.replace('GMT', 'UTC');
}

/** "14:05 | 02:05 PM" in that zone. */
export function localTimes(zone: string, at: Date): string {
  const h24 = new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(at);
  const h12 = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hour: '2-digit',
    minute: '2-digit',
    hour12: true,
  }).format(at);
  return `${h24} | ${h12}`;
}
