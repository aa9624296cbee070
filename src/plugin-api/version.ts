/**
 * The version of the plugin API. A plugin's manifest names the range it supports (`"api": "^1.0.0"`); the loader
 * refuses a plugin whose range this version does not satisfy. Minor versions only add; a major version breaks.
 */
export const PLUGIN_API_VERSION = '1.2.0';
