-- How each person's risk number was computed (prior odds, new-hire boost, each detector's likelihood ratio).
ALTER TABLE people ADD COLUMN risk_breakdown jsonb;
