DROP TABLE vote_ballots;
DROP TABLE vote_participation;
DROP TABLE vote_electorate;
DROP TABLE vote_options;
DROP TABLE votes;
