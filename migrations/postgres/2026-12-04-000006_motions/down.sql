DROP TABLE motion_comments;
DROP TABLE motion_supporters;
DROP TABLE motions;
