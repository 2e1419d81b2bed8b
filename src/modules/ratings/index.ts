export { default as ratingRoutes } from './routes.js';
export { installRatingHooks, sweepInvitations, qrTrailer, INVITE_AFTER_DAYS } from './hooks.js';
export { rateCase, rateGeneral, caseRatings, type RatingView } from './service.js';
export { verify, rectify, followUp, appeal, decideAppeal } from './rectification.js';
export { figures, publicRatings, listRectifications } from './queries.js';
export { settingsFor } from './settings.js';
export { ratingErrors } from './errors.js';
export { ratingLog } from './events.js';
export { openComplaintRating, complaintRatingState, complaintOrderOf, type ComplaintRating } from './complaints.js';
