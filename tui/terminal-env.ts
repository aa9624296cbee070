/**
 * Imported before ink. Ink's chalk decides its colour level once, at import, from the appliance's own stdout, which
 * is not a terminal under systemd or Docker: force full colour, since every console client is a real terminal.
 * Ink also renders nothing but the last frame when it believes it runs in CI (is-in-ci reads CI at import), which
 * would leave every console blank when the appliance runs with CI=true.
 */
process.env.FORCE_COLOR ??= '3';
if (process.env.CI && process.env.CI !== 'false' && process.env.CI !== '0') process.env.CI = 'false';
if (process.env.CONTINUOUS_INTEGRATION) process.env.CONTINUOUS_INTEGRATION = 'false';
