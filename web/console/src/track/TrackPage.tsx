const TrackPage = () => null;
export default TrackPage;
