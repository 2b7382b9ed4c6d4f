// The worker script an app ships to host nudgekit off the main thread (dedicated or shared).
import { serveNudgeKit } from '/dist/index.browser.mjs';

serveNudgeKit();
