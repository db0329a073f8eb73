-- A crew's work phone (issue 11, console crew form): sealed with the personal data vault like every phone, shown
-- masked on the board.
ALTER TABLE crew ADD COLUMN phone_enc bytea;
