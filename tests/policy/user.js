// Prefs for the profiles tests/policy/firefox.sh makes: copied to PROFILE/user.js
// after Firefox's first start has made the profile (the first start itself is what a
// user gets, and is left as it is).

// No first-run or "what's new" tabs besides the page asked for: with more tabs the
// headless screenshot may wait for a load that never comes.
user_pref("datareporting.policy.dataSubmissionEnabled", false);
user_pref("toolkit.telemetry.reportingpolicy.firstRun", false);
user_pref("browser.startup.homepage_override.mstone", "ignore");
user_pref("browser.aboutwelcome.enabled", false);
user_pref("app.update.disabledForTesting", true);
// One connection per page load: no speculative connects or prefetching.
user_pref("network.http.speculative-parallel-limit", 0);
user_pref("network.predictor.enabled", false);
user_pref("network.dns.disablePrefetch", true);
user_pref("browser.urlbar.speculativeConnect.enabled", false);
// Nothing to ask the network about: the namespace holds only loopback.
user_pref("security.OCSP.enabled", 0);
user_pref("security.remote_settings.intermediates.enabled", false);
user_pref("network.captive-portal-service.enabled", false);
user_pref("network.connectivity-service.enabled", false);
