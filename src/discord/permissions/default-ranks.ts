/** Ranks every guild starts with (Tux's defaults), created on join and whenever a guild has none. */
export const DEFAULT_RANKS: readonly { rank: number; name: string; description: string }[] = [
  {
    rank: 0,
    name: 'Member',
    description: 'Regular community member with standard access to server features and commands',
  },
  { rank: 1, name: 'Trusted', description: 'Trusted community member who has proven themselves reliable and helpful' },
  {
    rank: 2,
    name: 'Junior Moderator',
    description: 'Entry-level moderation role for those learning and gaining experience',
  },
  {
    rank: 3,
    name: 'Moderator',
    description: 'Experienced moderator responsible for maintaining order and community standards',
  },
  {
    rank: 4,
    name: 'Senior Moderator',
    description: 'Senior moderator with additional oversight responsibilities and leadership duties',
  },
  {
    rank: 5,
    name: 'Administrator',
    description: 'Server administrator with broad management capabilities and configuration access',
  },
  {
    rank: 6,
    name: 'Head Administrator',
    description: 'Head administrator with comprehensive server oversight and decision-making authority',
  },
  {
    rank: 7,
    name: 'Server Owner',
    description: 'Server owner with ultimate authority and complete control over all aspects',
  },
];

export const MAX_RANK = 10;
