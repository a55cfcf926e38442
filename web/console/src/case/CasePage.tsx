const CasePage = () => null;
export default CasePage;
