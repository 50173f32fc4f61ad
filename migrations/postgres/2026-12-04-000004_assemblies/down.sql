DROP TABLE body_members;
DROP TABLE body_facilitators;
DROP TABLE bodies;
